// cases-mentioning: which cases name a given entity (university, academician, platform …), with
// the first sentence that names it? Matches the name or any alias exactly.
// Parameters:
//   $name  an entity name or alias, e.g. '西安交通大学' or '西安交大'
// Returns: kind, entity, case, title, association, chapter, evidence.
// Example: {"name": "西安交大"}
MATCH (entity:Entity)
WHERE entity.name = $name OR $name IN coalesce(entity.aliases, [])
MATCH (c:Case)-[mention:MENTIONS]->(entity)
RETURN [label IN labels(entity) WHERE label <> 'Entity'][0] AS kind,
  entity.name AS entity,
  c.number AS case,
  c.title AS title,
  c.association AS association,
  c.chapter AS chapter,
  coalesce(mention.evidenceTexts, [])[0] AS evidence
ORDER BY case, kind
