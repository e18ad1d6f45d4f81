// Package provider holds the eg provider: its schema, configuration and the
// resources and data sources it serves.
package provider
