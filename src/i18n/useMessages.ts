/** A bundle's messages in the store's language. */
import { selectLanguage } from '../store/selectors';
import { appStore, useApp } from '../store/store';
import type { Bundle, Message } from './i18n';

/** In a component: re-renders when the language changes. */
export function useMessages<E extends Record<string, Message>>(bundle: Bundle<E>): E {
  return bundle[useApp(selectLanguage)];
}

/** Outside React (effects, event handlers): the messages in the language now. */
export function messagesNow<E extends Record<string, Message>>(bundle: Bundle<E>): E {
  return bundle[appStore.getState().language];
}
