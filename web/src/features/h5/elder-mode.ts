import { useCallback, useEffect, useState } from 'react';

const KEY = 'rp_elder';

/** The elder-friendly mode (适老化) switch, remembered on the device. */
export function useElderMode(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => localStorage.getItem(KEY) === '1');
  useEffect(() => {
    document.documentElement.classList.toggle('rp-elder', on);
    return () => document.documentElement.classList.remove('rp-elder');
  }, [on]);
  const set = useCallback((v: boolean) => {
    localStorage.setItem(KEY, v ? '1' : '0');
    setOn(v);
  }, []);
  return [on, set];
}
