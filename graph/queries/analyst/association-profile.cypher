// association-profile: everything the graph knows about one park association: its park and
// province, chapter, partners by kind, platforms built, initiatives run and academician visits.
// Parameters:
//   $association  the association's name, e.g. '江苏扬州高新区科协'
// Returns one row: association, park, province, cases, founded, chapters, partners, platforms,
// initiatives, visits.
// Example: {"association": "江苏扬州高新区科协"}
MATCH (association:Association {name: $association})
OPTIONAL MATCH (association)-[:SERVES]->(park:Park)
OPTIONAL MATCH (park)-[:IN_PROVINCE]->(province:Province)
RETURN association.name AS association,
  park.name AS park,
  province.name AS province,
  COLLECT { MATCH (c:Case)-[:ABOUT]->(association) RETURN c.number ORDER BY c.number } AS cases,
  head(COLLECT { MATCH (c:Case)-[:ABOUT]->(association) WHERE c.founded IS NOT NULL RETURN c.founded }) AS founded,
  COLLECT { MATCH (c:Case)-[:ABOUT]->(association) MATCH (c)-[:IN_CHAPTER]->(chapter:Chapter) RETURN DISTINCT chapter.name } AS chapters,
  COLLECT {
    MATCH (association)-[:PARTNERS_WITH]->(partner)
    RETURN [label IN labels(partner) WHERE label <> 'Entity'][0] + '：' + partner.name AS partner ORDER BY partner
  } AS partners,
  COLLECT { MATCH (association)-[:BUILT]->(platform) RETURN platform.name ORDER BY platform.name } AS platforms,
  COLLECT { MATCH (association)-[:RUNS]->(initiative) RETURN initiative.name ORDER BY initiative.name } AS initiatives,
  COLLECT {
    MATCH (person:Academician)-[visit:VISITED]->(park)
    RETURN person.name + coalesce('（' + visit.date + '）', '') AS visit ORDER BY visit
  } AS visits
