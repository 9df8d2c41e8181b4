import { useCallback, useEffect, useState } from 'react';
import type { Uploaded } from '../issues/issue-types';

/** What the resident has entered so far on 说事; kept on the device so a dropped network loses nothing. */
export interface IssueDraft {
  v: 1;
  step: 'place' | 'category' | 'details';
  dwellingId?: string;
  estateId?: string;
  placeLabel?: string;
  /** The category codes chosen so far, root first. */
  categoryPath: string[];
  kind: string;
  urgency: 'normal' | 'urgent';
  title: string;
  description: string;
  anonymous: boolean;
  reporterName: string;
  reporterPhone: string;
  photos: Uploaded[];
  savedAt?: string;
}

export const EMPTY_DRAFT: IssueDraft = {
  v: 1,
  step: 'place',
  categoryPath: [],
  kind: 'problem',
  urgency: 'normal',
  title: '',
  description: '',
  anonymous: false,
  reporterName: '',
  reporterPhone: '',
  photos: [],
};

const keyOf = (accountId: string) => `rp_issue_draft:${accountId}`;

function read(accountId: string): IssueDraft | null {
  try {
    const raw = localStorage.getItem(keyOf(accountId));
    const d = raw ? (JSON.parse(raw) as IssueDraft) : null;
    return d?.v === 1 ? { ...EMPTY_DRAFT, ...d } : null;
  } catch {
    return null;
  }
}

/** The draft of one account in localStorage: restored on open, saved on every change, removed once submitted. */
export function useIssueDraft(accountId: string) {
  const [restored] = useState(() => read(accountId));
  const [draft, setDraft] = useState<IssueDraft>(restored ?? EMPTY_DRAFT);
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (!touched) return;
    try {
      localStorage.setItem(keyOf(accountId), JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
    } catch {
      /* storage full or blocked: the form still works, only without a draft */
    }
  }, [draft, touched, accountId]);
  const update = useCallback((patch: Partial<IssueDraft>) => {
    setTouched(true);
    setDraft((d) => ({ ...d, ...patch }));
  }, []);
  const clear = useCallback(() => {
    localStorage.removeItem(keyOf(accountId));
    setTouched(false);
    setDraft(EMPTY_DRAFT);
  }, [accountId]);
  return { draft, update, clear, restored: !!restored };
}
