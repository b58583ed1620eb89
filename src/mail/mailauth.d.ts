// The part of mailauth 4 (no types of its own before 4.10) that the inbound listener uses:
// authenticate() and its DMARC result (https://github.com/postalsys/mailauth, docs/dmarc.md).
declare module 'mailauth' {
  export interface DmarcResult {
    status: { result: 'pass' | 'fail' | 'none' | 'neutral' | 'temperror' | 'permerror'; header?: { from?: string } };
    domain: string;
    policy?: string;
    error?: string;
  }
  export interface AuthenticateOptions {
    ip?: string;
    helo?: string;
    sender?: string;
    mta?: string;
    trustReceived?: boolean;
    disableArc?: boolean;
    disableBimi?: boolean;
    resolver?: (name: string, type: string) => Promise<unknown>;
  }
  export function authenticate(message: Buffer | string, options?: AuthenticateOptions): Promise<{ dmarc: DmarcResult | false; headers: string }>;
}
