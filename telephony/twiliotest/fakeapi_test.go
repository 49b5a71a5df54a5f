package twiliotest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testFrom  = "+17055550100"
	testToken = "testtoken0123456789"
)

func TestFakeAPIChecksRequests(t *testing.T) {
	fake := NewFakeAPI()
	defer fake.Close()
	endpoint := fake.URL + "/2010-04-01/Accounts/" + testSID + "/Messages.json"
	form := url.Values{"To": {"+17055550123"}, "From": {testFrom}, "Body": {"hi"}}

	do := func(target, user string, form url.Values) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if user != "" {
			req.SetBasicAuth(user, testToken)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := do(endpoint, "", form); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("no auth: %d", res.StatusCode)
	}
	if res := do(endpoint, "ACother", form); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("another account's credentials: %d", res.StatusCode)
	}
	if res := do(endpoint, testSID, url.Values{"To": {"+17055550123"}, "From": {testFrom}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("no body: %d", res.StatusCode)
	}
	if res := do(fake.URL+"/2010-04-01/Accounts/"+testSID+"/Faxes.json", testSID, form); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown resource: %d", res.StatusCode)
	}
	if res := do(endpoint, testSID, form); res.StatusCode != http.StatusCreated {
		t.Errorf("good request: %d", res.StatusCode)
	}
	if len(fake.Messages()) != 1 {
		t.Fatalf("messages = %+v", fake.Messages())
	}
}
