/** Where state lives: memory, or a data folder on disk. Chosen explicitly, never from NODE_ENV. */
export type StorageOptions = { kind: 'memory' } | { kind: 'file'; dataDir: string };
