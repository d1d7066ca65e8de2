// most-connected-universities: which universities are the most connected in the graph? Counts the
// cases whose text names each university, the associations that partner with it (PARTNERS_WITH),
// and all its relationships (degree).
// Parameters:
//   $limit  how many universities to return (e.g. 10)
// Returns: university, casesMentioning, partnerAssociations, degree, cases (numbers), partners (names).
// Example: {"limit": 10}
MATCH (u:University)
WITH u,
  COLLECT { MATCH (c:Case)-[:MENTIONS]->(u) RETURN DISTINCT c.number ORDER BY c.number } AS cases,
  COLLECT { MATCH (a:Association)-[:PARTNERS_WITH]->(u) RETURN DISTINCT a.name ORDER BY a.name } AS partners,
  COUNT { (u)--() } AS degree
RETURN u.name AS university,
  size(cases) AS casesMentioning,
  size(partners) AS partnerAssociations,
  degree,
  cases,
  partners
ORDER BY casesMentioning DESC, partnerAssociations DESC, degree DESC, university
LIMIT $limit
