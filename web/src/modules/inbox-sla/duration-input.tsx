import { Checkbox, Group, NativeSelect, NumberInput } from '@mantine/core';
import { useState } from 'react';

type Unit = 'min' | 'h';

/** A target's duration in minutes, typed in minutes or hours; unchecked means "no such target". */
export function DurationInput({ label, value, onChange, error, description }: { label: string; value: number | null; onChange: (minutes: number | null) => void; error?: string; description?: string }) {
  const [unit, setUnit] = useState<Unit>(value !== null && value >= 60 && value % 60 === 0 ? 'h' : 'min');
  const factor = unit === 'h' ? 60 : 1;
  const enabled = value !== null;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Checkbox
        label={label}
        description={description}
        checked={enabled}
        onChange={(event) => onChange(event.currentTarget.checked ? (unit === 'h' ? 60 : 30) : null)}
        style={{ flex: '1 1 220px' }}
        mb={6}
      />
      <NumberInput
        aria-label={`${label} duration`}
        w={110}
        min={1}
        disabled={!enabled}
        value={enabled ? value / factor : ''}
        onChange={(next) => typeof next === 'number' && onChange(Math.max(1, Math.round(next * factor)))}
        error={error}
        allowDecimal={unit === 'h'}
        decimalScale={2}
      />
      <NativeSelect
        aria-label={`${label} unit`}
        w={100}
        disabled={!enabled}
        data={[
          { value: 'min', label: 'minutes' },
          { value: 'h', label: 'hours' },
        ]}
        value={unit}
        onChange={(event) => setUnit(event.currentTarget.value as Unit)}
      />
    </Group>
  );
}
