module ferry/reference-go

go 1.22
