package main

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/peerline/peerline"

// The house's dependencies point one way: cmd → the channels → the
// plumbing → directory. A package may import only what its layer allows,
// and nothing that serves callers imports a test double.
func TestDependenciesPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	imports := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], module+"/")
		imports[pkg] = nil // listed, whether or not it imports the project
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, module+"/") {
				imports[pkg] = append(imports[pkg], strings.TrimPrefix(imp, module+"/"))
			}
		}
	}
	// What each package may import of the project's own; a prefix ending
	// in "/" allows the packages below it.
	allowed := map[string][]string{
		"directory/recur":           {},
		"directory":                 {"directory/recur"},
		"directory/sqlstore":        {"directory", "directory/recur"},
		"directory/sqlite":          {"directory", "directory/recur", "directory/sqlstore"},
		"directory/postgres":        {"directory", "directory/recur", "directory/sqlstore"},
		"directory/postgres/pgtest": {},
		"directory/csvfile":         {"directory", "directory/recur"},
		"directory/hsds":            {"directory", "directory/recur"},
		"directory/meetingguide":    {"directory", "directory/recur"},
		"directory/directorytest":   {"directory", "directory/recur", "directory/sqlite"},
		"directory/storetest":       {"directory", "directory/recur"},
		"routes":                    {},
		"telephony":                 {},
		"telephony/twiliotest":      {"telephony", "routes"},
		"words":                     {"directory", "directory/recur"},
		"webhook":                   {"directory"},
		"metrics":                   {},
		"ivr":                       {"directory", "directory/recur", "words", "webhook", "telephony", "routes"},
		"sms":                       {"directory", "directory/recur", "words", "webhook", "telephony", "routes"},
		"jobs":                      {"directory", "directory/recur", "directory/meetingguide", "words", "telephony", "routes"}, // feeds are scheduled work
		"cmd/loadgen":               {"directory", "directory/", "telephony", "telephony/twiliotest", "routes"},
		"console":                   {"directory", "directory/recur", "directory/csvfile", "directory/hsds", "directory/meetingguide", "words"},
		"cmd/peerline":              {"directory", "directory/", "ivr", "sms", "jobs", "console", "words", "webhook", "metrics", "telephony", "telephony/twiliotest", "routes"},
	}
	for pkg, deps := range imports {
		may, known := allowed[pkg]
		if !known {
			t.Errorf("%s is not in the layout this test knows: add it, with what it may import", pkg)
			continue
		}
		for _, dep := range deps {
			if !allowedDep(may, dep) {
				t.Errorf("%s imports %s, against the direction of the house", pkg, dep)
			}
		}
	}
	for pkg := range allowed {
		if _, ok := imports[pkg]; !ok {
			t.Errorf("the layout names %s, which go list did not find", pkg)
		}
	}
}

func allowedDep(may []string, dep string) bool {
	for _, m := range may {
		if m == dep || strings.HasSuffix(m, "/") && strings.HasPrefix(dep, m) && !strings.HasSuffix(dep, "test") {
			return true
		}
	}
	return false
}
