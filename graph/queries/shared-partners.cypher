// shared-partners: which universities, societies, academicians, platforms … do several
// associations have in common? A partner counts for an association when a case ABOUT that
// association MENTIONS it with at least one evidence sentence; the evidence is those mentions plus
// the association's PARTNERS_WITH relationship to the partner, if any.
// Parameters:
//   $labels           partner labels, e.g. ['University', 'Academician']
//   $partner          only this partner id, or null
//   $association      only partners this association id has (all its sharers are still listed), or null
//   $minAssociations  integer, at least this many associations per partner (e.g. 2)
//   $limit            integer, the most partners to return
// Order: most associations first, then partner id; associations by id; cases ascending.
MATCH (c:Case)-[m:MENTIONS]->(p:Entity)
WHERE c.number IS NOT NULL
  AND size(coalesce(m.evidenceSentences, [])) > 0
  AND any(l IN labels(p) WHERE l IN $labels)
  AND ($partner IS NULL OR p.id = $partner)
MATCH (c)-[:ABOUT]->(a:Association)
WHERE a <> p
WITH p, a, c, m
ORDER BY c.number
WITH p, a, collect(c.number) AS cases,
  collect({evidenceCases: m.evidenceCases, evidenceSentences: m.evidenceSentences, evidenceTexts: m.evidenceTexts}) AS mentions
OPTIONAL MATCH (a)-[pw:PARTNERS_WITH]->(p)
WITH p, a, cases, mentions + CASE WHEN pw IS NULL THEN [] ELSE
  [{evidenceCases: pw.evidenceCases, evidenceSentences: pw.evidenceSentences, evidenceTexts: pw.evidenceTexts}] END AS evidence
ORDER BY a.id
WITH p, collect({
  association: a {.id, .name, .aliases, .cases, labels: labels(a)},
  cases: cases,
  evidence: evidence
}) AS links
WHERE size(links) >= $minAssociations
  AND ($association IS NULL OR any(link IN links WHERE link.association.id = $association))
RETURN p {.id, .name, .aliases, .cases, labels: labels(p)} AS partner, links
ORDER BY size(links) DESC, partner.id
LIMIT $limit
