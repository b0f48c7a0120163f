import { Box } from '@mantine/core';
import { useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { errorRange, highlightQuery, type Segment } from './highlight';
import classes from './query-input.module.css';

type Piece = Segment & { key: string };

function pieces(segments: Segment[], from: number, to: number): Piece[] {
  const out: Piece[] = [];
  for (const segment of segments) {
    const start = Math.max(segment.start, from);
    const end = Math.min(segment.end, to);
    if (start < end) out.push({ ...segment, start, end, key: `${start}` });
  }
  return out;
}

function renderPieces(text: string, list: Piece[]): ReactNode[] {
  return list.map((piece) => (
    <span key={piece.key} className={classes[piece.kind]}>
      {text.slice(piece.start, piece.end)}
    </span>
  ));
}

/** The query with its colours, and the error (if any) underlined from its character position. */
function Highlighted({ text, errorPosition }: { text: string; errorPosition: number | null }) {
  const segments = useMemo(() => highlightQuery(text), [text]);
  if (errorPosition === null) return <>{renderPieces(text, pieces(segments, 0, text.length))}</>;
  const range = errorRange(text, errorPosition);
  const atEnd = range.start === range.end;
  return (
    <>
      {renderPieces(text, pieces(segments, 0, range.start))}
      <span className={`${classes.error} ${atEnd ? classes.errorAtEnd : ''}`} data-query-error="" data-position={errorPosition}>
        {renderPieces(text, pieces(segments, range.start, range.end))}
      </span>
      {renderPieces(text, pieces(segments, range.end, text.length))}
    </>
  );
}

/** A saved query, coloured, for lists. */
export function HighlightedQuery({ text }: { text: string }) {
  return (
    <Box component="code" className={classes.readOnly} display="block">
      <Highlighted text={text} errorPosition={null} />
    </Box>
  );
}

type QueryInputProps = {
  value: string;
  onChange: (value: string) => void;
  errorPosition: number | null;
  /** Ctrl/Cmd+Enter */
  onSubmit?: () => void;
  label: string;
  describedBy?: string;
  autoFocus?: boolean;
};

/**
 * A code-editor-like input for the query language: a transparent textarea over a highlighted copy of
 * its text, so typing, selection, undo and accessibility stay the browser's own.
 */
export function QueryInput({ value, onChange, errorPosition, onSubmit, label, describedBy, autoFocus }: QueryInputProps) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      onSubmit?.();
    }
  };
  return (
    <div className={classes.frame} data-invalid={errorPosition !== null || undefined}>
      <pre className={classes.layer} aria-hidden="true" data-testid="query-highlight">
        <Highlighted text={value} errorPosition={errorPosition} />
        {/* A final newline needs a character after it to take its height. */}
        {value.endsWith('\n') || value === '' ? ' ' : null}
      </pre>
      <textarea
        ref={textarea}
        className={`${classes.layer} ${classes.textarea}`}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-label={label}
        aria-describedby={describedBy}
        aria-invalid={errorPosition !== null}
        spellCheck={false}
        autoCapitalize="off"
        autoComplete="off"
        autoCorrect="off"
        data-autofocus={autoFocus || undefined}
        placeholder='lumen OR "lumen coffee" OR #lumencoffee -job'
      />
    </div>
  );
}
