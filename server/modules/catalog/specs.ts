// Spec dimensions → SKUs. Pure, shared by the seed, the server and the goods form.
export type SpecDimension = {
  name: string;
  values: string[];
};

/** All combinations of the spec values: [{颜色:'白色',尺码:'M'}, …], first dimension slowest. */
export function specCombinations(specs: SpecDimension[]): Record<string, string>[] {
  return specs.reduce<Record<string, string>[]>(
    (combos, dim) => combos.flatMap((combo) => dim.values.map((value) => ({ ...combo, [dim.name]: value }))),
    [{}],
  );
}
