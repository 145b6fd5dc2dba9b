// The lab MetaDB's choices, apart from the server that starts it: the command line validates them
// without loading the MySQL client and process code that metadb-server.ts needs.

/**
 * mariadb: the MetaDB as a MySQL server; ob: behind a proxy that behaves as OBProxy and OceanBase do (see ob-proxy.ts).
 */
export const metadbFlavours = ['mariadb', 'ob'] as const;
export type MetadbFlavour = (typeof metadbFlavours)[number];

/**
 * exact: ALL on each database by name; pattern: ALL on `oms\_%`.*; role: a default role holding ALL on each database.
 */
export const labGrantModes = ['exact', 'pattern', 'role'] as const;
export type LabGrants = (typeof labGrantModes)[number];
