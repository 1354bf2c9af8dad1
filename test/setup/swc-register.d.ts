declare module '@swc-node/register';
