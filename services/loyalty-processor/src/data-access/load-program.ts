import { Program, pointsRules, stampRules, type EntityManager, type PointsRules, type StampRules } from '@loyalty/db';

export type LoadedProgram = { entity: Program; kind: 'stamp'; rules: StampRules } | { entity: Program; kind: 'points'; rules: PointsRules };

/** The program with its rules parsed for its kind: stored rules that do not parse are a defect, not a rejection. */
export async function loadProgram(em: EntityManager, programId: string): Promise<LoadedProgram> {
  return withRules(await em.findOneOrFail(Program, { id: programId }));
}

export function withRules(entity: Program): LoadedProgram {
  return entity.kind === 'stamp'
    ? { entity, kind: 'stamp', rules: stampRules.parse(entity.rules) }
    : { entity, kind: 'points', rules: pointsRules.parse(entity.rules) };
}
