package directory

import (
	"math"
	"math/rand/v2"
	"testing"
)

// haversine is DistanceKm as first written, a sine per use: the faster
// form must give the very same float, since distances order groups.
func haversine(a, b Point) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-a.Lat)*rad, (b.Lon-a.Lon)*rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(a.Lat*rad)*math.Cos(b.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

func TestDistanceIsTheHaversineToTheBit(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		a := Point{41 + rng.Float64()*42, -141 + rng.Float64()*89} // Canada, roughly
		b := Point{a.Lat + rng.NormFloat64()*2, a.Lon + rng.NormFloat64()*3}
		if rng.IntN(10) == 0 {
			b = Point{float64(float32(b.Lat)), float64(float32(b.Lon))} // as the index holds them
		}
		want := haversine(a, b)
		if got := DistanceKm(a, b); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("DistanceKm(%v, %v) = %v, want %v", a, b, got, want)
		}
		if got := from(a).km(b); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("from(%v).km(%v) = %v, want %v", a, b, got, want)
		}
	}
}
