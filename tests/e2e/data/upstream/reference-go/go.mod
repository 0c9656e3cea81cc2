module ferry/e2e-relay

go 1.22
