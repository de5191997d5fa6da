'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { Lang, Messages } from './messages';

// Client components import no dictionary: the server passes the current language's words in as data.
const LangContext = createContext<{ lang: Lang; t: Messages } | null>(null);

/** Carries the server-chosen language and its dictionary to client components. */
export function LangProvider({ lang, t, children }: { lang: Lang; t: Messages; children: ReactNode }) {
  return <LangContext.Provider value={{ lang, t }}>{children}</LangContext.Provider>;
}

function useLangContext() {
  const value = useContext(LangContext);
  if (!value) throw new Error('LangProvider is missing above this component');
  return value;
}

export function useLang(): Lang {
  return useLangContext().lang;
}

export function useT(): Messages {
  return useLangContext().t;
}
