package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Passwords are kept as argon2id PHC strings:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// salt and key in unpadded standard base64. The cost is OWASP's
// recommended minimum for argon2id (19 MiB, 2 passes, 1 lane); a hash
// made with other parameters is still checked with its own.
const (
	argonMemory  = 19 * 1024 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
	// MaxPasswordLen bounds what is hashed, so that nobody can make the
	// server hash megabytes.
	MaxPasswordLen = 1024
	// MinPasswordLen is the shortest password HashPassword accepts.
	MinPasswordLen = 8
)

var b64 = base64.RawStdEncoding

// HashPassword hashes a password for Staff.Hash. It refuses passwords
// shorter than MinPasswordLen or longer than MaxPasswordLen characters
// (the error never repeats the password).
func HashPassword(pw string) (string, error) {
	if n := len([]rune(pw)); n < MinPasswordLen {
		return "", fmt.Errorf("the password is too short: at least %d characters", MinPasswordLen)
	}
	if len(pw) > MaxPasswordLen {
		return "", fmt.Errorf("the password is too long: at most %d bytes", MaxPasswordLen)
	}
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw is the password hash was made from,
// comparing in constant time. A hash it cannot read matches nothing.
func CheckPassword(hash, pw string) bool {
	p, err := parseHash(hash)
	if err != nil || len(pw) > MaxPasswordLen {
		return false
	}
	key := argon2.IDKey([]byte(pw), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

type argonHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// Bounds on the parameters read from a stored hash: a corrupted or
// hostile row cannot make a sign-in allocate gigabytes.
const (
	maxArgonMemory = 1024 * 1024 // 1 GiB
	maxArgonTime   = 16
)

func parseHash(hash string) (argonHash, error) {
	var p argonHash
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, errors.New("not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return p, errors.New("bad argon2 parameters")
	}
	if p.memory < 8 || p.memory > maxArgonMemory || p.time < 1 || p.time > maxArgonTime || p.threads < 1 {
		return p, errors.New("argon2 parameters out of range")
	}
	var err error
	if p.salt, err = b64.DecodeString(parts[4]); err != nil || len(p.salt) < 8 {
		return p, errors.New("bad salt")
	}
	if p.key, err = b64.DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 128 {
		return p, errors.New("bad key")
	}
	return p, nil
}
