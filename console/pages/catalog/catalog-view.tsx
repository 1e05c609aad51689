import './strings.ts';
import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { Branches } from './branches.tsx';
import { Doctors } from './doctors.tsx';
import { Categories, Services } from './services.tsx';
import '../admin.css';

const TABS = { services: Services, categories: Categories, doctors: Doctors, branches: Branches } as const;
type Tab = keyof typeof TABS;

/** The catalog in four parts: services and prices first, the part changed most often. */
export default function Catalog() {
  const tr = useT();
  const [tab, setTab] = useState<Tab>('services');
  const Part = TABS[tab];
  return (
    <div className="catalog">
      <h1>{tr.t('console-catalog-title')}</h1>
      <div className="tabs" role="toolbar" aria-label={tr.t('console-catalog-parts')}>
        {(Object.keys(TABS) as Tab[]).map((key) => (
          <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>
            {tr.t(`console-catalog-${key}`)}
          </button>
        ))}
      </div>
      <Part />
    </div>
  );
}
