/**
 * A campaign's subject and body are plain text with `{{placeholder}}`s, filled per recipient. The set is
 * small on purpose: the admin API refuses any other, so a typo is a 400 and not a mail saying "{{nmae}}".
 */
export const campaignPlaceholders = {
  name: "the customer's display name",
  program: "the program's name",
  balance: "the card's balance (stamps or points)",
} as const;

export type CampaignPlaceholder = keyof typeof campaignPlaceholders;
export type CampaignValues = Record<CampaignPlaceholder, string>;

const placeholder = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(placeholder)].map((match) => match[1]!).filter((name) => !(name in campaignPlaceholders));
}

export function fillCampaignTemplate(template: string, values: CampaignValues): string {
  return template.replace(placeholder, (whole, name: string) => (name in values ? values[name as CampaignPlaceholder] : whole));
}
