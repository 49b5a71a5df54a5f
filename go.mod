module github.com/peerline/peerline

go 1.26.8

require (
	github.com/go-chi/chi/v5 v5.5.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/nyaruka/phonenumbers v1.8.1
	golang.org/x/text v0.23.0
)

require google.golang.org/protobuf v1.36.11 // indirect
