// initiatives-per-chapter: which named programmes and brand activities (initiatives such as
// “院士行”) do the cases of each chapter run? Follows Case -IN_CHAPTER-> Chapter and
// Case -ABOUT-> Association -RUNS-> Initiative.
// Parameters:
//   $sample  how many initiative names to list per chapter (e.g. 10)
// Returns: chapter (in book order), cases, initiativeCount, initiatives (the first names in name order).
// Example: {"sample": 10}
MATCH (c:Case)-[:IN_CHAPTER]->(chapter:Chapter)
OPTIONAL MATCH (c)-[:ABOUT]->(:Association)-[:RUNS]->(initiative:Initiative)
WITH chapter, c, initiative ORDER BY initiative.name
WITH chapter, count(DISTINCT c) AS cases, collect(DISTINCT initiative.name) AS initiatives
ORDER BY chapter.id
RETURN chapter.name AS chapter, cases, size(initiatives) AS initiativeCount, initiatives[0..$sample] AS initiatives
