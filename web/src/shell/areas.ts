import {
  IconAddressBook,
  IconAntenna,
  IconChartBar,
  IconGift,
  IconInbox,
  IconMessages,
  IconSend,
  IconShoppingBag,
  IconTargetArrow,
  type Icon,
} from '@tabler/icons-react';

export type Area = {
  path: string;
  label: string;
  icon: Icon;
  /** Second key of the "g then letter" shortcut. */
  key: string;
  summary: string;
  description: string;
  features: string[];
};

export const AREAS: Area[] = [
  {
    path: '/listening',
    label: 'Listening',
    icon: IconAntenna,
    key: 'l',
    summary: 'Hear what people say about you, everywhere.',
    description:
      'Follow what people say about your brands, products and competitors across social networks, blogs, reviews and forums, in real time. Topics, queries and live mentions arrive here.',
    features: ['Topics and boolean queries', 'Live mention stream with sentiment', 'Alerts on spikes'],
  },
  {
    path: '/inbox',
    label: 'Inbox',
    icon: IconInbox,
    key: 'i',
    summary: 'One queue for every conversation.',
    description:
      'One queue for every channel: social messages, comments, reviews, email and chat land here, are routed to the right team and answered within your SLAs.',
    features: ['Routing rules by team and skill', 'SLAs and response-time tracking', 'Saved replies and collision detection'],
  },
  {
    path: '/contacts',
    label: 'Contacts',
    icon: IconAddressBook,
    key: 'c',
    summary: 'Everyone you talk to, one profile each.',
    description:
      'One profile per customer across all their identities, with a timeline of every conversation, order and interaction, so anyone on the team has the full context.',
    features: ['Identity merging across networks', 'Timeline of every touchpoint', 'Segments and custom fields'],
  },
  {
    path: '/pipeline',
    label: 'Pipeline',
    icon: IconTargetArrow,
    key: 'p',
    summary: 'Deals, and what social brings in.',
    description: 'Track deals from first mention to closed revenue and see which conversations, campaigns and channels bring business in.',
    features: ['Deal stages and forecasting', 'Conversations linked to deals', 'Attribution of social to revenue'],
  },
  {
    path: '/community',
    label: 'Community',
    icon: IconMessages,
    key: 'm',
    summary: 'A home for your customers to help each other.',
    description: 'Run forums where customers ask questions and get peer answers, share ideas and vote on what you build next.',
    features: ['Forums and Q&A with accepted answers', 'Idea boards with voting', 'Moderation queue'],
  },
  {
    path: '/commerce',
    label: 'Commerce',
    icon: IconShoppingBag,
    key: 'o',
    summary: 'Orders and shipping, over messaging.',
    description: 'Let customers check orders, get shipping updates and buy over the messaging apps they already use, straight from the conversation.',
    features: ['Order lookup in conversations', 'Proactive shipping updates', 'Catalog sharing in chat'],
  },
  {
    path: '/loyalty',
    label: 'Loyalty',
    icon: IconGift,
    key: 'y',
    summary: 'Reward what your customers do.',
    description: 'Reward customers for purchases, reviews, referrals and community help, and see who your true advocates are.',
    features: ['Points and tiers', 'Rewards for reviews and referrals', 'Advocate leaderboards'],
  },
  {
    path: '/publishing',
    label: 'Publishing',
    icon: IconSend,
    key: 'u',
    summary: 'Plan and publish posts across networks.',
    description: 'Plan, approve and publish posts to every network from one calendar, then see how each one performed.',
    features: ['Content calendar', 'Approval workflows', 'Per-network previews and scheduling'],
  },
  {
    path: '/analytics',
    label: 'Analytics',
    icon: IconChartBar,
    key: 'a',
    summary: 'Reports and dashboards on everything above.',
    description: 'Reports and dashboards on listening, service, sales and community: response times, sentiment, share of voice and revenue.',
    features: ['Ready-made and custom dashboards', 'Scheduled reports by email', 'Export to CSV and the API'],
  },
];
