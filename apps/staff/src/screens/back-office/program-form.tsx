import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { components } from '@loyalty/api-clients/admin';
import { api, ok } from '../../api.js';
import { ErrorMessage, Field } from '../../../../shared/ui.js';
import { apiFieldErrors, onSubmit, SelectField, useBusinessId, type FieldErrors, FormTitle } from './form-parts.js';
import { type CheckedRules, checkRules, pointsDraftOf, PointsRulesFields, stampDraftOf, StampRulesFields } from './rule-editor.js';

type Program = components['schemas']['Program'];
type Brand = components['schemas']['Brand'];
type Kind = Program['kind'];

/** A new program (brand and kind are fixed once made), or a program's name and rules, which replace the old rules whole. */
export function ProgramForm({ program, brands, onDone }: { program?: Program; brands: Brand[]; onDone: () => void }) {
  const businessId = useBusinessId();
  const queryClient = useQueryClient();
  const [name, setName] = useState(program?.name ?? '');
  const [brandId, setBrandId] = useState(program?.brandId ?? brands[0]?.id ?? '');
  const [kind, setKind] = useState<Kind>(program?.kind ?? 'stamp');
  const [stampDraft, setStampDraft] = useState(() => stampDraftOf(program?.kind === 'stamp' ? program.rules : undefined));
  const [pointsDraft, setPointsDraft] = useState(() => pointsDraftOf(program?.kind === 'points' ? program.rules : undefined));
  const [formErrors, setFormErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (checked: CheckedRules) =>
      program
        ? ok(
            api.PATCH('/businesses/{businessId}/programs/{programId}', {
              params: { path: { businessId, programId: program.id } },
              body: { name, rules: checked.rules },
            }),
          )
        : ok(api.POST('/businesses/{businessId}/programs', { params: { path: { businessId } }, body: { brandId, name, ...checked } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['programs', businessId] });
      onDone();
    },
  });
  const submit = () => {
    const { checked, errors: ruleErrors } = checkRules(kind === 'stamp' ? { kind, draft: stampDraft } : { kind, draft: pointsDraft });
    const errors = { ...ruleErrors, ...(name.trim() === '' && { name: 'Required.' }) };
    setFormErrors(errors);
    if (checked && Object.keys(errors).length === 0) save.mutate(checked);
  };
  const errors = { ...apiFieldErrors(save.error), ...formErrors };
  const invalid = Object.keys(formErrors).length > 0;
  return (
    <form onSubmit={onSubmit(submit)} aria-labelledby="program-form-title" noValidate>
      <FormTitle id="program-form-title">{program ? `Edit ${program.name}` : 'New program'}</FormTitle>
      <Field label="Program name" required maxLength={200} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
      {!program && (
        <>
          <SelectField label="Brand" value={brandId} error={errors.brandId} onChange={(e) => setBrandId(e.target.value)}>
            {brands.map((brand) => (
              <option key={brand.id} value={brand.id}>
                {brand.name}
              </option>
            ))}
          </SelectField>
          <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="stamp">Stamp card</option>
            <option value="points">Points</option>
          </SelectField>
        </>
      )}
      {kind === 'stamp' ? (
        <StampRulesFields draft={stampDraft} onChange={setStampDraft} errors={errors} />
      ) : (
        <PointsRulesFields draft={pointsDraft} onChange={setPointsDraft} errors={errors} />
      )}
      {invalid && (
        <p role="alert" className="error">
          Some fields are not valid: see the reasons beside them.
        </p>
      )}
      <ErrorMessage error={save.error} />
      <button type="submit" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : program ? 'Save the program' : 'Create the program'}
      </button>{' '}
      <button type="button" className="secondary" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
