import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, ok } from '../api.js';
import { Empty, ErrorMessage, Loading } from '../../../shared/ui.js';
import { progressText } from './card.js';

export function Cards() {
  const cards = useQuery({ queryKey: ['cards'], queryFn: () => ok(api.GET('/me/cards', { params: { query: { limit: 100 } } })) });
  return (
    <section aria-labelledby="cards-title">
      <h1 id="cards-title">My cards</h1>
      {cards.isLoading && <Loading what="your cards" />}
      <ErrorMessage error={cards.error} />
      {cards.data?.items.length === 0 && (
        <Empty>
          No cards yet. <Link to="/discover">Find a program to join</Link>.
        </Empty>
      )}
      {cards.data && cards.data.items.length > 0 && (
        <ul className="cards" aria-label="Cards">
          {cards.data.items.map((card) => (
            <li key={card.id} className="card">
              <h2>
                <Link to="/cards/$cardId" params={{ cardId: card.id }}>
                  {card.program.name}
                </Link>
              </h2>
              <p>{progressText(card)}</p>
              {card.availableRewards.length > 0 && <p className="badge">{card.availableRewards.length} reward(s) ready</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
