package sqlite

// For the tests, which write times into rows themselves.
var (
	FormatTime = formatTime
	ParseTime  = parseTime
)
