package main

import (
	"net/http"
	"path/filepath"
	"testing"
)

// serve mounts the staff console under /console/, unless
// PEERLINE_CONSOLE=off; its cookies are Secure when the public URL is
// https.
func TestServeMountsTheConsole(t *testing.T) {
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, c := range []struct {
		console string
		want    int
	}{{"", http.StatusSeeOther}, {"on", http.StatusSeeOther}, {"off", http.StatusNotFound}} {
		env := map[string]string{"TWILIO_AUTH_TOKEN": "token123", "PEERLINE_DB": filepath.Join(t.TempDir(), "c.db"),
			"PEERLINE_CONSOLE": c.console, "PEERLINE_PUBLIC_URL": "https://line.example.org"}
		addr, _ := startServe(t, env)
		for _, path := range []string{"/console/", "/console/groups?q=grief"} {
			resp, err := noRedirect.Get("http://" + addr + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.want {
				t.Errorf("PEERLINE_CONSOLE=%q: GET %s = %d, want %d", c.console, path, resp.StatusCode, c.want)
			}
		}
		resp, err := noRedirect.Get("http://" + addr + "/console/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if c.console != "off" && resp.StatusCode != http.StatusOK {
			t.Errorf("GET /console/login = %d", resp.StatusCode)
		}
		if code, _ := getHealth(t, addr); code != http.StatusOK {
			t.Errorf("PEERLINE_CONSOLE=%q: /healthz = %d", c.console, code)
		}
	}
}
