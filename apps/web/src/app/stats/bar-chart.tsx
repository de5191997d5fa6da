'use client';

import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartBar {
  name: string;
  count: number;
  /** Where clicking the bar leads: the explorer filtered by this value. */
  href: string;
}

/**
 * One clickable bar chart. The chart itself is hidden from screen readers; the table next to it
 * (rendered by the page) carries the same numbers and links for keyboard and assistive use.
 */
export function StatsBarChart({ data, horizontal }: { data: ChartBar[]; horizontal?: boolean }) {
  const router = useRouter();
  const height = horizontal ? Math.max(200, data.length * 28 + 40) : 260;
  return (
    <div aria-hidden="true" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout={horizontal ? 'vertical' : 'horizontal'}
          margin={{ left: 8, right: 16, top: 8, bottom: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          {horizontal ? (
            <>
              <XAxis type="number" allowDecimals={false} fontSize={11} />
              <YAxis type="category" dataKey="name" width={150} fontSize={11} interval={0} />
            </>
          ) : (
            <>
              <XAxis dataKey="name" fontSize={11} interval="preserveStartEnd" />
              <YAxis allowDecimals={false} fontSize={11} width={32} />
            </>
          )}
          <Tooltip cursor={{ fill: '#f1f5f9' }} />
          <Bar
            dataKey="count"
            fill="#1f8a84"
            radius={3}
            cursor="pointer"
            onClick={(entry) => {
              const href = (entry as unknown as { payload?: ChartBar }).payload?.href;
              if (href) router.push(href);
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
