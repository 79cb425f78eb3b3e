// s3rver ships no types: the part of its API the S3 tests and bench/s3 use (here, since both tsconfigs include bench/).
declare module 's3rver' {
  export default class S3rver {
    constructor(options: { port?: number; address?: string; directory: string; silent?: boolean });
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
