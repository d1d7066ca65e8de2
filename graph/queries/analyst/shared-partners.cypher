// shared-partners: which universities, societies, research institutes or academicians do two or
// more park associations have in common? A partner counts for an association when a case ABOUT
// that association MENTIONS it with an evidence sentence (the same rule as GET /api/graph/shared-partners).
// Parameters:
//   $labels           partner kinds, e.g. ['University', 'Society', 'Academician']
//   $minAssociations  at least this many associations per partner (2 = shared)
// Returns one row per partner: kind, name, how many associations, and each association with its cases.
// Example: {"labels": ["University", "Society", "ResearchInstitute", "Academician"], "minAssociations": 2}
MATCH (c:Case)-[m:MENTIONS]->(partner:Entity)
WHERE any(label IN labels(partner) WHERE label IN $labels)
  AND size(coalesce(m.evidenceSentences, [])) > 0
MATCH (c)-[:ABOUT]->(a:Association)
WITH partner, a, collect(DISTINCT c.number) AS cases
ORDER BY a.name
WITH partner, collect({association: a.name, cases: cases}) AS associations
WHERE size(associations) >= $minAssociations
RETURN [label IN labels(partner) WHERE label <> 'Entity'][0] AS kind,
  partner.name AS partner,
  size(associations) AS associationCount,
  associations
ORDER BY associationCount DESC, partner
