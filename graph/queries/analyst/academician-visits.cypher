// academician-visits: which academicians visited which parks, and when? One row per VISITED
// relationship, with the association that serves the park, the academician's affiliations and the
// evidence sentence. `date` is 2024-05-29, 2024-05 or 2024 as the text states it, or null.
// Parameters:
//   $name  one academician's name (e.g. '孙安'), or null for every visit
// Returns: academician, park, date, association, affiliations, cases, evidence.
// Example: {"name": null}
MATCH (person:Academician)-[visit:VISITED]->(park:Park)
WHERE $name IS NULL OR person.name = $name
OPTIONAL MATCH (association:Association)-[:SERVES]->(park)
WITH person, visit, park, association, coalesce(visit.evidenceCases, []) AS evidenceCases
RETURN person.name AS academician,
  park.name AS park,
  visit.date AS date,
  association.name AS association,
  COLLECT { MATCH (person)-[:AFFILIATED_WITH]->(org) RETURN DISTINCT org.name } AS affiliations,
  [index IN range(0, size(evidenceCases) - 1) WHERE NOT evidenceCases[index] IN evidenceCases[0..index] | evidenceCases[index]] AS cases,
  coalesce(visit.evidenceTexts, [])[0] AS evidence
ORDER BY visit.date IS NULL, visit.date, academician, park
