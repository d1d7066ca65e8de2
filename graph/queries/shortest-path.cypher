// shortest-path: how are two entities connected? One shortest path, relationships in any
// direction, that never passes THROUGH a Chapter or Province node (every case touches one, so
// such paths say nothing); it may start or end at one.
// Parameters:
//   $from, $to   node ids (different), e.g. 'association:江苏扬州高新区科协', 'academician:孙安'
//   $maxHops     integer 1..6; longer shortest paths give no row (6 is the search bound below)
//   $types       relationship types a path may use (every park-kg type)
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = shortestPath((a)-[*..6]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types)
  AND all(n IN nodes(p) WHERE n = a OR n = b OR (n:Entity AND NOT n:Chapter AND NOT n:Province))
WITH p
WHERE length(p) <= $maxHops
RETURN [n IN nodes(p) | n {.id, .name, .aliases, .cases, labels: labels(n)}] AS nodes,
  [r IN relationships(p) | {
    source: startNode(r).id, target: endNode(r).id, type: type(r),
    evidenceCases: r.evidenceCases, evidenceSentences: r.evidenceSentences, evidenceTexts: r.evidenceTexts, date: r.date
  }] AS edges
