package directory

// FirstCode is the first group code handed out: four digits fit a flyer.
const FirstCode = 1001
