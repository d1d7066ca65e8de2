// get-nodes: the entities with these ids (unknown ids give no row; the caller restores the order).
// Parameters:
//   $ids         list of node ids, e.g. ['university:西安交通大学', 'case:8']
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n {.id, .name, .aliases, .cases, labels: labels(n)} AS node
