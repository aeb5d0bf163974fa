export interface Principal {
  sub: string;
  username: string;
  groups: string[];
  token: string;
  expiresAt: Date;
}
