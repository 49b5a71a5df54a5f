package sqlstore

import (
	"sync"

	"github.com/peerline/peerline/directory"
)

// groupCache keeps the groups searches have read, decoded, for one
// version of the directory. A group's row never changes within a version
// (triggers bump the version on every change to the groups table), and
// the callers of a town hear the same few groups first: reading and
// decoding them was a tenth of a results step. Cancelled meetings are
// not kept here; they are read afresh for every search.
type groupCache struct {
	mu      sync.RWMutex
	version int64
	groups  map[int64]directory.Group
}

// maxCachedGroups bounds the cache (a few kilobytes a group); once full
// it stops growing until the directory's next version.
const maxCachedGroups = 4096

// get returns the groups of ids it holds for version, by id, and the ids
// it does not hold.
func (c *groupCache) get(version int64, ids []int64) (map[int64]directory.Group, []any) {
	found := make(map[int64]directory.Group, len(ids))
	var missing []any
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, id := range ids {
		if g, ok := c.groups[id]; ok && c.version == version {
			found[id] = g
		} else {
			missing = append(missing, id)
		}
	}
	return found, missing
}

// put keeps groups read at version; a new version empties the cache.
func (c *groupCache) put(version int64, groups []directory.Group) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.groups == nil {
		c.version, c.groups = version, map[int64]directory.Group{}
	}
	for _, g := range groups {
		if len(c.groups) < maxCachedGroups {
			c.groups[g.ID] = g
		}
	}
}
