export interface UapiEnum {
  name: string | null;
  entries: { name: string; value: number | undefined }[];
}
export interface UapiEnums {
  enums: UapiEnum[];
  /** Every enum constant whose value could be evaluated. */
  constants: Map<string, number>;
  /** Object-like #defines: name → replacement text. */
  defines: Map<string, string>;
}
export function evaluate(expr: string, lookup: (id: string) => number | undefined): number | undefined;
export function parseUapiEnums(text: string): UapiEnums;
export function parseUapiHeader(path: string): UapiEnums;
export function ethtoolOps(text: string): {
  requests: Record<string, number>;
  replies: Record<string, number>;
};
