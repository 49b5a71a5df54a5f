package directory

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// The readers of every import format parse these fields the same way, so
// a spreadsheet and an HSDS package obey the same rules; each reader
// reports an error against its own file and line.

// ParseEmail reads an email address; "" is no address.
func ParseEmail(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", fmt.Errorf("email %q is not an email address", s)
	}
	return a.Address, nil
}

// ParseWebAddress reads a group's web address; "" is none.
func ParseWebAddress(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("url %q is not a web address (it should start with https://)", s)
	}
	return s, nil
}

// ParseCoordinates reads decimal degrees; both or neither must be given.
func ParseCoordinates(lat, lon string) (float64, float64, error) {
	if lat == "" && lon == "" {
		return 0, 0, nil
	}
	if lat == "" || lon == "" {
		return 0, 0, errors.New("latitude, longitude: give both or neither")
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	switch {
	case err1 != nil || !(la >= -90 && la <= 90): // written so that NaN fails too
		return 0, 0, fmt.Errorf("latitude %q is not decimal degrees between -90 and 90", lat)
	case err2 != nil || !(lo >= -180 && lo <= 180):
		return 0, 0, fmt.Errorf("longitude %q is not decimal degrees between -180 and 180", lon)
	}
	return la, lo, nil
}

// ParseProvince reads a province by name in English or French or by its
// two letters, and returns the two letters; "" is none.
func (a *Areas) ParseProvince(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	code, ok := a.Province(s)
	if !ok {
		return "", fmt.Errorf("province %q is not a Canadian province or territory", s)
	}
	return code, nil
}

// SplitList splits s on sep, trimming each part and dropping empty ones.
func SplitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
