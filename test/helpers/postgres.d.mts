export declare const PG_BIN: string;
export declare function missingPostgres(): string | null;
export declare function startPostgres(): Promise<{ url: string; stop(): void }>;
