// platforms-per-province: how many platforms (research centres, workstations, bases …) have the
// associations of each province built? Follows Association -BUILT-> Platform and
// Association -SERVES-> Park -IN_PROVINCE-> Province.
// Parameters:
//   $province  one province as the graph names it (e.g. '湖北', '天津'), or null for all
// Returns: province, platformCount, parks, platforms (names, sorted).
// Example: {"province": null}
MATCH (association:Association)-[:SERVES]->(park:Park)-[:IN_PROVINCE]->(province:Province)
WHERE $province IS NULL OR province.name = $province
MATCH (association)-[:BUILT]->(platform:Platform)
WITH province, park, platform
ORDER BY platform.name
WITH province, collect(DISTINCT park.name) AS parks, collect(DISTINCT platform.name) AS platforms
RETURN province.name AS province, size(platforms) AS platformCount, parks, platforms
ORDER BY platformCount DESC, province
