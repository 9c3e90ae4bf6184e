// The package ships types that its "exports" map hides from moduleResolution bundler/node16; the driver is
// better-sqlite3 with two more methods, so it is typed as that.
declare module 'better-sqlite3-multiple-ciphers' {
  import type BetterSqlite3 from 'better-sqlite3';
  interface CipherDatabase extends BetterSqlite3.Database {
    key(key: Buffer): number;
    rekey(key: Buffer): number;
  }
  const CipherDatabaseConstructor: new (filename: string, options?: BetterSqlite3.Options) => CipherDatabase;
  export default CipherDatabaseConstructor;
}
