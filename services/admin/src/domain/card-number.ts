/** Staff type card numbers with or without the dashes printed on the card; both find it. */
export function normalizeCardNumber(input: string): string {
  const digits = input.replace(/\D/g, '');
  return digits.length === 16 ? (digits.match(/\d{4}/g) ?? []).join('-') : input.trim();
}
