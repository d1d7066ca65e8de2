// neighbours: what is one hop from this entity, and which relationships (with evidence) join them?
// Parameters:
//   $id          the center node's id, e.g. 'association:江苏扬州高新区科协'
//   $types       relationship types to follow, both directions (all park-kg types when none asked)
//   $limit       integer, the most neighbour nodes (the first ones by id)
// No row when the id is unknown. Self-loops are not followed.
MATCH (center:Entity {id: $id})
OPTIONAL MATCH (center)-[r]-(other:Entity)
WHERE type(r) IN $types AND other <> center
WITH center, other, collect(r) AS rels
ORDER BY other.id
WITH center, collect(CASE WHEN other IS NULL THEN null ELSE {
  node: other {.id, .name, .aliases, .cases, labels: labels(other)},
  edges: [r IN rels | {
    source: startNode(r).id, target: endNode(r).id, type: type(r),
    evidenceCases: r.evidenceCases, evidenceSentences: r.evidenceSentences, evidenceTexts: r.evidenceTexts, date: r.date
  }]
} END)[..$limit] AS hops
RETURN center {.id, .name, .aliases, .cases, labels: labels(center)} AS center,
  [hop IN hops | hop.node] AS nodes,
  [hop IN hops | hop.edges] AS edgeGroups
