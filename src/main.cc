// bramble: one binary, many names (DESIGN.md). Placeholder until the roles land.
int main() { return 1; }
