// list-cases: which cases match these filters? (aggregate questions: "科学普及篇有哪些案例",
// "2023年成立的园区科协", "哪些案例提到院士专家工作站"). Every filter is optional (null = any).
// Parameters:
//   $chapter   exact chapter name, e.g. '科学普及'
//   $province  exact short province name, e.g. '内蒙古'
//   $founded   year the association was founded, e.g. 2023
//   $mentions  node id the case's text mentions, e.g. 'platform:院士专家工作站' (or the case's own id)
MATCH (c:Case)
WHERE c.number IS NOT NULL
  AND ($chapter IS NULL OR c.chapter = $chapter)
  AND ($province IS NULL OR c.province = $province)
  AND ($founded IS NULL OR c.founded = $founded)
  AND ($mentions IS NULL OR c.id = $mentions OR EXISTS { MATCH (c)-[:MENTIONS]->(:Entity {id: $mentions}) })
RETURN c.number AS number, c.title AS title, c.association AS association, c.park AS park,
  c.province AS province, c.chapter AS chapter, c.founded AS founded
ORDER BY number
