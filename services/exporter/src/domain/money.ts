/** Minor units (cents) to the decimal string of major units, exactly: `1250` EUR is `12.50`, `500` JPY is `500`. */
export function majorUnits(minor: string | number | bigint, currency: string): string {
  const digits = fractionDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const magnitude = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = magnitude.slice(0, magnitude.length - digits);
  const fraction = digits > 0 ? `.${magnitude.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

const digitsByCurrency = new Map<string, number>();

function fractionDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}
