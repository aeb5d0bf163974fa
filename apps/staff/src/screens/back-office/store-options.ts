import { useQuery } from '@tanstack/react-query';
import { api, ok } from '../../api.js';

/** The business's stores (the same query the counter makes), for pickers and for naming store ids. */
export function useStores(businessId: string) {
  return useQuery({
    queryKey: ['stores', businessId],
    queryFn: () => ok(api.GET('/businesses/{businessId}/stores', { params: { path: { businessId }, query: { limit: 100 } } })),
  });
}
