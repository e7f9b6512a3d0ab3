package main

import "fmt"

// errorf builds the error of a usageError.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// usageError marks errors in how the command was called (exit code 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }
