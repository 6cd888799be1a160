/** The demo world lives with the sandboxes (they import nothing from the product); the product's demo reads it here. */
export * from '../sandboxes/demo-world.js';
