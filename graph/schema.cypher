// park-kg graph schema, applied by the neo4j store (src/store/neo4j) every time it opens.
// Rules: every statement is idempotent (IF NOT EXISTS) and ends with `;`; no `;` inside a statement.
//
// Storage model: every node carries its specific label (Case, Park, Association, ...) plus the shared
// label Entity, and the properties id, name, aliases (list of strings), cases (list of case numbers).
// Case nodes also hold their case record: number, title, association, park, province, chapter, founded.
// Relationships hold evidence as parallel lists evidenceCases / evidenceSentences / evidenceTexts
// (item i of each list is one evidence sentence) and, for VISITED, an optional date string.
// Every node also stores searchKeys: its name and aliases folded for search (NFKC, no whitespace,
// lower case; name first), computed by the adapter so both stores fold text identically.
// Look nodes up as (n:Entity {id: $id}) so the uniqueness constraint's index is used.
// The named read queries the app runs (and analysts can run by hand) are in graph/queries/.

// One node per stable id, whatever its specific label.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

// Case numbers are unique (1..53 in the default compilation); node ids are `case:<number>`.
CREATE CONSTRAINT case_number IF NOT EXISTS FOR (n:Case) REQUIRE n.number IS UNIQUE;

// Entity linking and Browser users look entities up by name.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
