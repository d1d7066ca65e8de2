// find-nodes: which entities does a search text name? (entity linking, the search box)
// Parameters:
//   $text        folded search text (NFKC, no whitespace, lower case), or null for "no text"
//   $labels      labels to search, e.g. ['University'] (all park-kg labels when none is asked)
//   $limit       integer, the most nodes to return
// Each node stores `searchKeys`: its name and aliases folded the same way, name first.
// Rank 0: the text is a whole name or alias; 1: a name/alias starts with it; 2: contains it.
// Ties: shorter name, then id. With no text every node of the labels comes back in id order.
// Example: {text: '西安交大', labels: ['University'], limit: 5}
MATCH (n:Entity)
WHERE any(l IN labels(n) WHERE l IN $labels)
WITH n,
  CASE
    WHEN $text IS NULL THEN 0
    WHEN $text IN n.searchKeys THEN 0
    WHEN any(key IN n.searchKeys WHERE key STARTS WITH $text) THEN 1
    WHEN any(key IN n.searchKeys WHERE key CONTAINS $text) THEN 2
  END AS rank
WHERE rank IS NOT NULL
RETURN n {.id, .name, .aliases, .cases, labels: labels(n)} AS node,
  rank,
  CASE WHEN $text IS NULL THEN 0 ELSE size(n.searchKeys[0]) END AS nameLength
ORDER BY rank, nameLength, node.id
LIMIT $limit
